-- Test helper, run with `-c 'luafile dump-diagnostics.lua'`: waits until the Readiness server has published
-- diagnostics for the current buffer, writes them as JSON to $READINESS_NVIM_OUT, and quits.
local out = os.getenv('READINESS_NVIM_OUT')
local want = os.getenv('READINESS_NVIM_WANT_CODE')
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local ok = vim.wait(60000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if code_of(d) == want then return true end
  end
  return false
end, 50)
local diags = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(diags, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, code = code_of(d), source = d.source, message = d.message })
end
local clients = {}
for _, c in pairs(vim.lsp.buf_get_clients(0)) do table.insert(clients, c.name) end
local f = assert(io.open(out, 'w'))
f:write(vim.json.encode({ found = ok, clients = clients, diagnostics = diags }))
f:close()
vim.cmd('qa!')
