import { describe, expect, test } from "vitest";
import { passedNames, signatureParameters } from "../src/passedArguments.js";

describe("passed arguments", () => {
  const nameAt = (text: string, position: number) => passedNames(text, text.search(/\bf\b/))[position]?.name;

  test("the name a call passes at a position: plain, &name, in nested parentheses or strings", () => {
    expect(nameAt("f(dev, &cell->napi, gro_cell_poll, NAPI_POLL_WEIGHT);", 2)).toBe("gro_cell_poll");
    expect(nameAt("f(a, &cb);", 1)).toBe("cb");
    expect(nameAt('f(g(a, b), "x,y", cb);', 2)).toBe("cb");
    expect(nameAt("f (a, /* x, y */ cb);", 1)).toBe("cb");
    expect(nameAt("f(a, cb /* done */, b);", 1)).toBe("cb");
    const text = "r = f(a, handler);";
    expect(passedNames(text, text.indexOf("f("))).toEqual([
      { name: "a", start: text.indexOf("a,") },
      { name: "handler", start: text.indexOf("handler") },
    ]);
  });

  test("no name for an expression, a constant, a missing argument or an unclosed call", () => {
    expect(nameAt("f(a, NULL);", 1)).toBeUndefined();
    expect(nameAt("f(a, b + 1);", 1)).toBeUndefined();
    expect(nameAt("f(a, ops->cb);", 1)).toBeUndefined();
    expect(nameAt("f(a);", 3)).toBeUndefined();
    expect(nameAt("f(a, cb", 1)).toBeUndefined();
  });

  test("a signature's parameter names by position, function pointers included", () => {
    expect(
      signatureParameters(
        "void netif_napi_add(struct net_device *dev, struct napi_struct *napi, int (*poll)(struct napi_struct *, int), int weight)",
        "netif_napi_add",
      ),
    ).toEqual(["dev", "napi", "poll", "weight"]);
    expect(
      signatureParameters(
        "int rtnl_register(int protocol, int msgtype, rtnl_doit_func doit, rtnl_dumpit_func dumpit, rtnl_calcit_func calcit)",
        "rtnl_register",
      ),
    ).toEqual(["protocol", "msgtype", "doit", "dumpit", "calcit"]);
    expect(signatureParameters("int f(void)", "f")).toEqual([""]);
    expect(signatureParameters("int f(struct sock *, int, char buf[16])", "f")).toEqual(["", "", "buf"]);
    expect(signatureParameters("static void __init f(void)", "g")).toEqual([]);
    expect(signatureParameters("int a$b(int x)", "a$b")).toEqual(["x"]);
    expect(signatureParameters("int xf(int y), f(int x)", "f")).toEqual(["x"]);
  });
});
