project = "docskit"
extensions = ["myst_parser"]
html_theme = "furo"
