# Sphinx configuration of the Sozialraum-Budget documentation (make docs).
# Markdown sources via MyST; the default theme (alabaster) with no CDN and no
# external fonts, like the app itself.

project = "Sozialraum-Budget"
author = "Landkreis Lüneburg, Fachdienst 51"
language = "de"

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
# Anchors for headings down to ###, so [text](datei.md#anker) links are
# checked by the build (-n -W).
myst_heading_anchors = 3

exclude_patterns = ["_build"]
html_static_path = ["_static"]
html_theme = "alabaster"
html_theme_options = {"font_family": "sans-serif", "head_font_family": "sans-serif"}
html_show_sourcelink = False
