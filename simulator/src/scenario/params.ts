// Scenario parameters: `${expr}` substitution with a tiny recursive-descent evaluator, so scenario
// files never run code (no eval). Grammar: expr := term (("+"|"-") term)*, term := unary (("*"|"/") unary)*,
// unary := "-" unary | primary, primary := number | name | "(" expr ")".

export class ExprError extends Error {}

type Token = { kind: "num"; value: number } | { kind: "name"; value: string } | { kind: "op"; value: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(src.slice(i));
      if (!m) throw new ExprError(`bad number at "${src.slice(i)}"`);
      tokens.push({ kind: "num", value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ kind: "name", value: m[0] });
      i += m[0].length;
    } else if ("+-*/()".includes(c)) {
      tokens.push({ kind: "op", value: c });
      i++;
    } else {
      throw new ExprError(`unexpected character "${c}"`);
    }
  }
  return tokens;
}

/** Evaluates an arithmetic expression over integers and parameter names. "/" truncates toward zero like C when both sides are integers. */
export function evaluate(src: string, vars: ReadonlyMap<string, number>): number {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (t: Token | undefined, op: string): boolean => t?.kind === "op" && t.value === op;

  const expr = (): number => {
    let v = term();
    for (;;) {
      const t = peek();
      if (isOp(t, "+")) {
        pos++;
        v += term();
      } else if (isOp(t, "-")) {
        pos++;
        v -= term();
      } else return v;
    }
  };
  const term = (): number => {
    let v = unary();
    for (;;) {
      const t = peek();
      if (isOp(t, "*")) {
        pos++;
        v *= unary();
      } else if (isOp(t, "/")) {
        pos++;
        const d = unary();
        if (d === 0) throw new ExprError("division by zero");
        v = Number.isInteger(v) && Number.isInteger(d) ? Math.trunc(v / d) : v / d;
      } else return v;
    }
  };
  const unary = (): number => {
    if (isOp(peek(), "-")) {
      pos++;
      return -unary();
    }
    if (isOp(peek(), "+")) {
      pos++;
      return unary();
    }
    return primary();
  };
  const primary = (): number => {
    const t = peek();
    if (t === undefined) throw new ExprError("unexpected end of expression");
    pos++;
    if (t.kind === "num") return t.value;
    if (t.kind === "name") {
      const v = vars.get(t.value);
      if (v === undefined) {
        const known = [...vars.keys()];
        throw new ExprError(
          `unknown parameter "${t.value}"` +
            (known.length ? ` (known: ${known.join(", ")})` : " (no parameters declared before it)"),
        );
      }
      return v;
    }
    if (t.value === "(") {
      const v = expr();
      if (!isOp(peek(), ")")) throw new ExprError('expected ")"');
      pos++;
      return v;
    }
    throw new ExprError(`unexpected "${t.value}"`);
  };

  if (tokens.length === 0) throw new ExprError("empty expression");
  const v = expr();
  const rest = peek();
  if (rest !== undefined) throw new ExprError(`unexpected "${rest.value}"`);
  return v;
}

const WHOLE_RE = /^\$\{([^}]*)\}$/;
const PART_RE = /\$\{([^}]*)\}/g;

/** True if the string contains a `${…}` reference. */
export function hasSubstitution(s: string): boolean {
  return s.includes("${");
}

/**
 * Substitutes `${expr}` in one string: a string that is exactly one `${expr}` becomes a number;
 * otherwise each `${expr}` is replaced by its value's text ("${t}ms" → "500ms").
 */
export function substitute(s: string, vars: ReadonlyMap<string, number>): string | number {
  const whole = WHOLE_RE.exec(s);
  if (whole) return evaluate(whole[1] ?? "", vars);
  if (s.includes("${") && !/\$\{[^}]*\}/.test(s)) throw new ExprError('unterminated "${"');
  return s.replace(PART_RE, (_m, e: string) => String(evaluate(e, vars)));
}
