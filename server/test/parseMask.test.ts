// The text tree-sitter parses: attribute macros blanked, every offset and newline kept, directives whole.
import { describe, expect, test } from "vitest";
import { maskAttributesForParse, maskTypeofExpressions } from "../src/parseMask.js";

describe("maskAttributesForParse", () => {
  test("blanks object-like and function-like attributes, arguments over lines included", () => {
    const text = "static int __init __printf(2,\n 3) f(char __user *p) __acquires(p);\n";
    const masked = maskAttributesForParse(text);
    expect(masked).toBe("static int                   \n    f(char        *p)              ;\n");
    expect(masked.length).toBe(text.length);
  });

  test("directives stay whole, continuation lines included", () => {
    const text =
      "#define __must_check __attribute__((warn_unused_result))\n#define X __init \\\n\t__cold\nvoid __cold g(void);\n";
    expect(maskAttributesForParse(text)).toBe(
      "#define __must_check __attribute__((warn_unused_result))\n#define X __init \\\n\t__cold\nvoid        g(void);\n",
    );
  });

  test("C keywords the grammar knows and sparse expressions are left alone", () => {
    const text = "static inline __inline__ int f(void) { return __cond_lock(l, g(l)); }\n";
    expect(maskAttributesForParse(text)).toBe(text);
  });

  test("an attribute whose argument list never closes blanks its name only", () => {
    expect(maskAttributesForParse("int __printf(2, 3;\n")).toBe("int         (2, 3;\n");
  });

  test("a text without attributes is returned as is", () => {
    const text = "int tcp_conn_request(struct request_sock_ops *rsk_ops);\n";
    expect(maskAttributesForParse(text)).toBe(text);
  });
});

describe("maskTypeofExpressions", () => {
  test("an expression typeof names becomes one word, offsets and newlines kept", () => {
    const text = "\ttypeof(&(fifo)) __tmp = &(fifo);\n\t__typeof__(*(m)->stats\n) *ptr = p;\n";
    const masked = maskTypeofExpressions(text);
    expect(masked).toBe("\ttypeof(_      ) __tmp = &(fifo);\n\t__typeof__(_          \n) *ptr = p;\n");
    expect(masked.length).toBe(text.length);
    expect(maskTypeofExpressions("typeof(*p) *q = p;")).toBe("typeof(_ ) *q = p;");
  });

  test("words then stars, which the grammar reads as a type, and an open list are left alone", () => {
    const text = "typeof(x) a; __typeof(struct sock *) c; typeof() d; typeof((x)\n";
    expect(maskTypeofExpressions(text)).toBe(text);
  });
});
