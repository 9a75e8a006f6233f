//! PNG output of the SVG drawings, through resvg (cargo feature `png`).
//!
//! The core writes SVG only; rasterising needs fonts and a renderer, which is why it lives
//! behind a feature of the command line and not in the library.

use resvg::{tiny_skia, usvg};

/// Rasterises an SVG document at its own `width`/`height` into PNG bytes, with the system's
/// fonts (on Linux, e.g. DejaVu Sans from `/usr/share/fonts`) for the text.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the SVG to rasterise it: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        format!(
            "cannot allocate a {}×{} pixel image for the PNG",
            size.width(),
            size.height()
        )
    })?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("cannot encode the PNG: {e}"))
}
