/// The rules language: filled by the language issue.
