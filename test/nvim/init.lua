-- Minimal neovim setup for Readiness with the built-in LSP client (neovim 0.7 or later), as in the README.
-- `readiness-language-server` must be on PATH (npm install -g, or a link to dist/server.js).
local function start_readiness()
  local root = vim.fn.getcwd()
  local client_id = vim.lsp.start_client({
    name = 'readiness',
    cmd = { 'readiness-language-server', '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  })
  if client_id then vim.lsp.buf_attach_client(0, client_id) end
end

vim.api.nvim_create_autocmd('FileType', {
  -- yaml: compose, render.yaml, workflows; sh: neovim's filetype for .env files (the server ignores other files)
  pattern = { 'yaml', 'sh' },
  callback = start_readiness,
})
