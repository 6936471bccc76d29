//! Splitting a source file into its YAML front matter and Markdown body.
//!
//! The split keeps the line on which the YAML starts and the byte offset of
//! the body, so that errors found later in either part can be reported at
//! their line in the file rather than in the fragment.

use crate::diagnostics::Position;

/// A source file cut into front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences; empty when the file has none.
    pub yaml: &'a str,
    /// The line of the file on which `yaml` starts (1-based).
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Cuts `text` at its `---` fences. A file that does not open with `---`
/// has no front matter. An opening fence without a closing one is an error
/// reported at the opening fence.
pub fn split(text: &str) -> Result<Split<'_>, (Position, String)> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let Some(first_line_end) = rest.find('\n') else {
        return Ok(no_front_matter(start, rest));
    };
    if rest[..first_line_end].trim_end() != "---" {
        return Ok(no_front_matter(start, rest));
    }
    let yaml_start = start + first_line_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err((
        Position::new(1, 1),
        "the front matter opened with `---` is never closed".into(),
    ))
}

fn no_front_matter(start: usize, rest: &str) -> Split<'_> {
    Split {
        yaml: "",
        yaml_line: 1,
        body: rest,
        body_offset: start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.yaml_line, 2);
        assert_eq!(split.body, "# Body\n");
        assert_eq!(&text[split.body_offset..], "# Body\n");
    }

    #[test]
    fn handles_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "title: A\r\n");
        assert_eq!(split.body, "Body");
    }

    #[test]
    fn a_file_without_fences_is_all_body() {
        let split = split("# Title\n").unwrap();
        assert_eq!(split.yaml, "");
        assert_eq!(split.body, "# Title\n");
    }

    #[test]
    fn an_unclosed_fence_is_an_error() {
        let err = split("---\ntitle: A\n# Body\n").unwrap_err();
        assert_eq!(err.0, Position::new(1, 1));
    }
}
