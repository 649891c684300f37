/**
 * The one error type that crosses stage boundaries for bad user input. The CLI prints `message` as a single line
 * and exits with code 2; it never prints a stack trace for it.
 */
export class InputError extends Error {
  /** The file (or argument) at fault, as the user named it. */
  readonly file: string;
  /** Where in the file: "byte 1234", "line 3 column 9", "entry 17", "$.log.entries[3].request" ... */
  readonly where: string | null;
  /** What is wrong, as given (the message adds file and place): enough to make the same error on another thread. */
  readonly problem: string;

  constructor(file: string, where: string | null, problem: string) {
    super(oneLine(`${file}${where ? ` (${where})` : ''}: ${problem}`));
    this.name = 'InputError';
    this.file = file;
    this.where = where;
    this.problem = problem;
  }
}

/**
 * Line breaks and other control characters shown as escapes: a problem can quote the input (a JSON parser's message
 * does), and the message must stay one line however hostile the input is (found by test/fuzz).
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
