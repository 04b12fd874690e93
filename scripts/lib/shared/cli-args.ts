/**
 * Every command's arguments, read the same way: `--help` prints the command's usage and exits 0; an option
 * the command does not know, or a value missing, prints what was wrong and the usage and exits 2 (a usage
 * error, as for a wrong GONGKAI_* value) — never a stack trace, and never a build run on options it ignored.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The values of the options given (defaults applied), typed by each option's kind. */
export type ArgValues<T extends Options> = {
  [K in keyof T]: T[K] extends { default: unknown }
    ? T[K]['type'] extends 'boolean'
      ? boolean
      : string
    : (T[K]['type'] extends 'boolean' ? boolean : string) | undefined;
};

export function readArgs<T extends Options>(
  usage: string,
  options: T,
  argv: string[] = process.argv.slice(2),
): ArgValues<T> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, strict: true }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return values as ArgValues<T>;
}
