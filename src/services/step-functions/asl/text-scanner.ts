/** The cursor and small helpers the JSONPath and intrinsic-function parsers share. */
export abstract class TextScanner {
  /** Protected, not `#`: the parsers that extend this class move the cursor themselves. */
  protected pos = 0;

  constructor(readonly text: string) {}

  protected skipSpaces(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }

  protected expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`expected '${c}'`);
    this.pos++;
  }

  protected abstract fail(why: string): never;
}
