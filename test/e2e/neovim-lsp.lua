-- Headless Neovim (0.7 API) as a real LSP client of kernel-lens-server: open a kernel file, hover and
-- go to definition, print what came back as one JSON line. Driven by neovim.test.ts.
-- Environment: KL_SERVER (server launcher), KL_ROOT (kernel tree), KL_FILE, KL_HOVER_LINE/COL,
-- KL_DEF_FILE, KL_DEF_LINE/COL (0-based positions).
local env = function(k) return os.getenv(k) end
local out = {}
local function finish(code)
  io.stdout:write(vim.fn.json_encode(out) .. "\n")
  vim.cmd("cquit " .. code)
end

local client_id = vim.lsp.start_client({
  name = "kernel-lens",
  cmd = { "node", env("KL_SERVER"), "--stdio" },
  root_dir = env("KL_ROOT"),
  on_exit = function(code) out.exit = code end,
})
if not client_id then
  out.error = "start_client failed"
  finish(2)
end

local function open(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = "c" -- -u NONE: no filetype detection, attach by hand
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

local ok = vim.wait(20000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized
end, 50)
if not ok then
  out.error = "server did not initialize"
  finish(3)
end
local client = vim.lsp.get_client_by_id(client_id)

local function position(buf, line, col)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
end

local buf = open(env("KL_ROOT") .. "/" .. env("KL_FILE"))
-- Hover until the index answers (the first request may come before the file is indexed).
local hover
for _ = 1, 100 do
  local res = client.request_sync("textDocument/hover", position(buf, tonumber(env("KL_HOVER_LINE")), tonumber(env("KL_HOVER_COL"))), 10000, buf)
  if res and res.result and res.result.contents then
    hover = res.result.contents
    if type(hover) == "table" and hover.value and hover.value:find("Kernel Lens") then break end
  end
  vim.wait(100)
end
out.hover = type(hover) == "table" and (hover.value or hover) or hover

local dbuf = open(env("KL_ROOT") .. "/" .. env("KL_DEF_FILE"))
local def = client.request_sync("textDocument/definition", position(dbuf, tonumber(env("KL_DEF_LINE")), tonumber(env("KL_DEF_COL"))), 10000, dbuf)
out.definition = def and def.result or vim.NIL
client.stop()
finish(0)
