/** A message about one file, as every stage reports it to the webmaster (✗ failed, ! warning, ≡ copy). */
export interface FileMessage {
  path: string;
  message: string;
  hint?: string;
  /** A warning about a report this run left as it was (already reported when it was converted). */
  unchanged?: boolean;
}
