//! Text for terminals: whole words, whole sentences. Long text is wrapped at
//! word boundaries, never cut.

/// The width terminal text is wrapped to, in characters.
pub(crate) const WIDTH: usize = 100;

/// Folds whitespace and wraps `text` to `width` characters: the first line
/// starts with `first`, the others with `rest` (hanging indent). A word longer
/// than a line gets a line of its own. Ends without a newline.
pub(crate) fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(first);
    let mut column = first.chars().count();
    let mut line_empty = true;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if !line_empty && column + 1 + n > width {
            out.push('\n');
            out.push_str(rest);
            column = rest.chars().count();
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += n;
        line_empty = false;
    }
    out
}

/// The first sentence of a text, whole: up to the first full stop that ends
/// a sentence (followed by a space and a capital, and not an abbreviation
/// such as "e.g."). The whole text when it is one sentence.
pub(crate) fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(". ") {
        let at = from + i;
        let next = text[at + 2..].chars().next();
        let word = text[..at].rsplit(char::is_whitespace).next().unwrap_or("");
        let abbreviation = matches!(
            word.trim_start_matches('(').to_ascii_lowercase().as_str(),
            "e.g"
                | "i.e"
                | "etc"
                | "vs"
                | "approx"
                | "cf"
                | "bijv"
                | "bv"
                | "o.a"
                | "d.w.z"
                | "m.a.w"
        );
        if next.is_some_and(char::is_uppercase) && !abbreviation && bytes[at] == b'.' {
            return &text[..=at];
        }
        from = at + 2;
    }
    text.trim_end()
}

/// Pads to a width in characters (not bytes), so columns line up.
pub(crate) fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_owned()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_with_a_hanging_indent() {
        let text = "one two three four five six seven";
        assert_eq!(
            wrap(text, 14, "- ", "  "),
            "- one two\n  three four\n  five six\n  seven"
        );
        // Nothing is cut: every word survives whole.
        let wrapped = wrap(text, 14, "- ", "  ");
        let words: Vec<&str> = wrapped.split_whitespace().filter(|w| *w != "-").collect();
        assert_eq!(words.join(" "), text);
    }

    #[test]
    fn first_sentences_are_whole() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(
            first_sentence("Use IAM (e.g. AWS IAM for EKS). Then more."),
            "Use IAM (e.g. AWS IAM for EKS)."
        );
        assert_eq!(
            first_sentence("Version 1.2 is out. ok"),
            "Version 1.2 is out. ok"
        );
        assert_eq!(first_sentence("No stop at all "), "No stop at all");
    }

    #[test]
    fn a_long_word_gets_its_own_line() {
        assert_eq!(wrap("a verylongword b", 6, "", ""), "a\nverylongword\nb");
        assert_eq!(wrap("  folded \n  text ", 80, "", ""), "folded text");
    }
}
