/**
 * Where the ingest keeps its ledger (which upload became which report): beside content/reports, so that
 * a folder of reports and its ledger move together. The ingest writes it; the run guard protects it.
 */
import { dirname, join } from 'node:path';

export function defaultLedgerPath(reports: string): string {
  return join(dirname(reports.replace(/[/\\]+$/, '')), 'ledger.json');
}
