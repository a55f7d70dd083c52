// The designators a #define's replacement writes beside each other (server/src/macroDesignators.ts).
import { expect, test } from "vitest";
import {
  designatorAtInvocation,
  designatorInReplacement,
  designatorsBeside,
  structsNamedAbove,
} from "../src/macroDesignators.js";

const text = [
  "#define PMU_PROBE(_cpuid, _mask, _fn)\t\\",
  "{\t\t\t\t\t\\",
  "\t.cpuid = (_cpuid), /* .x = 1 */\t\\",
  '\t.mask = (_mask), .name = "a.b = c",\t\\',
  "\t.init = (_fn), .in = { .inner = 1 },\t\\",
  "\t.last = LIST_HEAD_INIT((name).wait_list), \\",
  "}",
  "#define IPACK_DEVICE(_format, vend, dev) \\",
  "\t .format = (_format), \\",
  "\t .vendor = (vend)",
].join("\n");
const replacement = (head: string) => {
  const from = text.indexOf(")", text.indexOf(head)) + 1;
  const end = text.indexOf("\n#define", from);
  return [from, end < 0 ? text.length : end] as const;
};

test("the designators of the list the member is in, not those of a nested list, a comment or a string", () => {
  const [from, to] = replacement("PMU_PROBE");
  // The member's name, after its dot.
  const beside = (name: string) => designatorsBeside(text, from, to, text.indexOf(`.${name}`) + 1);
  const outer = ["cpuid", "mask", "name", "init", "in", "last"];
  expect(beside("cpuid")).toEqual(outer);
  expect(beside("init")).toEqual(outer);
  expect(beside("inner")).toEqual(["inner"]);
  // A member after `(name)` is no designator.
  expect(beside("wait_list")).toBeUndefined();
});

test("a replacement without braces: its top level", () => {
  const [from, to] = replacement("IPACK_DEVICE");
  expect(designatorsBeside(text, from, to, text.indexOf(".vendor") + 1)).toEqual(["format", "vendor"]);
});

/** The designator `.member` after `#define head`, as memberHolder.ts reads one in a #define. */
function designatorIn(source: string, head: string, member: string) {
  const define = defineIn(source, head);
  return designatorInReplacement(source, define, source.indexOf(`.${member}`, define.start) + 1);
}

/** Where `#define head(…)` starts in `source`, and its replacement: to the next directive line or the end. */
function defineIn(source: string, head: string) {
  const directive = source.indexOf(`#define ${head}`);
  const start = source.indexOf(")", directive) + 1;
  const next = source.indexOf("\n#", start);
  return { directive, start, end: next < 0 ? source.length : next };
}

test("what a replacement declares types its designators; a pasted name and line continuations are code", () => {
  // net/batman-adv/sysfs.c: BATADV_ATTR.
  const source = [
    "struct x y = {",
    "#define BATADV_ATTR(_name, _mode, _show, _store)\t\\",
    "struct batadv_attribute batadv_attr_##_name = {\t\\",
    "\t.attr = {.name = __stringify(_name),\t\\",
    "\t\t .mode = _mode },\t\t\t\\",
    "\t.show   = _show,\t\t\t\t\\",
    "}",
  ].join("\n");
  expect(designatorIn(source, "BATADV_ATTR", "name")).toEqual({
    baseType: "batadv_attribute",
    path: ["attr"],
  });
  expect(designatorIn(source, "BATADV_ATTR", "show")).toEqual({ baseType: "batadv_attribute", path: [] });
});

test("a #define written inside a brace list is read as expanded there; elsewhere its braces are untyped", () => {
  // include/linux/genl_magic_func.h: an X-macro inside the array it fills.
  const inside = [
    "static const struct genl_multicast_group ZZZ_genl_mcgrps[] = {",
    "#undef GENL_mc_group",
    "#define GENL_mc_group(group) { .name = #group, },",
    "#include GENL_MAGIC_INCLUDE_FILE",
    "};",
  ].join("\n");
  expect(designatorIn(inside, "GENL_mc_group", "name")).toEqual({
    baseType: "genl_multicast_group",
    path: [],
  });
  // include/linux/hwmon-sysfs.h: the macro before it is no cast of SENSOR_ATTR's braces.
  const after = [
    "struct sensor_device_attribute { int index; };",
    "#define to_sensor_dev_attr(_dev_attr) \\",
    "\tcontainer_of(_dev_attr, struct sensor_device_attribute, dev_attr)",
    "",
    "#define SENSOR_ATTR(_name, _index)\t\\",
    "\t{ .index = _index }",
  ].join("\n");
  expect(designatorIn(after, "SENSOR_ATTR", "index")).toBeUndefined();
  // include/linux/kfifo.h: `(typeof(fifo)) {` names no type.
  const cast = "#define DEFINE_KFIFO(fifo) \\\n\t(typeof(fifo)) { { .in = 0 } }";
  expect(designatorIn(cast, "DEFINE_KFIFO", "in")).toBeUndefined();
});

test("at an invocation the replacement reads as written in its place", () => {
  const header = [
    "#define KREF_INIT(n)\t{ .refcount = REFCOUNT_INIT(n), }",
    "#define HID_USB_DEVICE(ven, prod) \\",
    "\t.bus = BUS_USB, .vendor = (ven), .product = (prod)",
  ].join("\n");
  const site = [
    "static struct sock_owner owner = { .kref = KREF_INIT(1), };",
    "static const struct hid_device_id ids[] = {",
    "\t{ HID_USB_DEVICE(0x1, 0x2) },",
    "};",
  ].join("\n");
  const read = (head: string, member: string) =>
    designatorAtInvocation(
      header,
      defineIn(header, head),
      header.indexOf(`.${member}`) + 1,
      site,
      site.indexOf(head),
    );
  // The braces KREF_INIT writes are field kref's value.
  expect(read("KREF_INIT", "refcount")).toEqual({ baseType: "sock_owner", path: ["kref"] });
  // HID_USB_DEVICE writes an element's designators.
  expect(read("HID_USB_DEVICE", "vendor")).toEqual({ baseType: "hid_device_id", path: [] });
});

test("the struct tags the comment right above a directive names", () => {
  const source = [
    "/*",
    " * This macro initializes essential fields of a struct i2c_board_info,",
    " */",
    "#define I2C_BOARD_INFO(dev_type, dev_addr) \\",
    "\t.type = dev_type, .addr = (dev_addr)",
    "struct x; /* struct y */",
    "",
    "#define OTHER .a = 1",
  ].join("\n");
  expect(structsNamedAbove(source, source.indexOf("#define I2C"))).toEqual(["i2c_board_info"]);
  // A comment after code on the line before is that code's; one with a blank line between counts.
  expect(structsNamedAbove(source, source.indexOf("#define OTHER"))).toEqual(["y"]);
  expect(structsNamedAbove("int a;\n#define B 1", 7)).toEqual([]);
});
