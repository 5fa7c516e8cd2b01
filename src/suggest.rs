//! "Did you mean": the one helper every lookup by name uses (data references, named
//! queries, office ids, entity parameters), so that a misspelt name gets the same kind of
//! hint wherever it is typed. The distance is strsim's optimal string alignment (an edit,
//! or two neighbours swapped, counts one), as clap measures its own suggestions.

/// The names in `known` close enough to `given` to be what was meant: the closest, or two
/// equally close. Close enough: at most one edit per three characters of the shorter name, and
/// at least one, so that `head` is not taken for `leader`.
pub fn closest<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let length = given.chars().count();
    let mut near: Vec<(usize, &str)> = known
        .into_iter()
        .filter(|name| *name != given)
        .filter_map(|name| {
            let distance = strsim::osa_distance(given, name);
            let allowed = (length.min(name.chars().count()) / 3).max(1);
            (distance <= allowed).then_some((distance, name))
        })
        .collect();
    near.sort_unstable();
    near.dedup();
    // Only the closest: a second name as close as the first is a real choice, one further
    // off (`wikidata/births` beside `wikidata/holders`) is noise.
    let best = near.first().map(|(distance, _)| *distance);
    near.into_iter()
        .take_while(|(distance, _)| Some(*distance) == best)
        .take(2)
        .map(|(_, name)| name)
        .collect()
}

/// `did you mean `a`?` or `did you mean `a` or `b`?`, or `None` when nothing is close.
pub fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    match closest(given, known).as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [one, two, ..] => Some(format!("did you mean `{one}` or `{two}`?")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(given: &str, known: &[&str], expected: Option<&str>) {
        assert_eq!(
            did_you_mean(given, known.iter().copied()).as_deref(),
            expected,
            "{given}"
        );
    }

    #[test]
    fn suggestions() {
        let offices = [
            "general-secretary",
            "first-secretary",
            "chairman-of-the-council-of-ministers",
        ];
        check(
            "general-secretry",
            &offices,
            Some("did you mean `general-secretary`?"),
        );
        check(
            "gorbachov",
            &["gorbachev", "khrushchev"],
            Some("did you mean `gorbachev`?"),
        );
        check("articel", &["article"], Some("did you mean `article`?"));
        check(
            "stalinn",
            &["stalin", "lenin"],
            Some("did you mean `stalin`?"),
        );
        check(
            "person-profil",
            &["person-profile", "person-offices"],
            Some("did you mean `person-profile`?"),
        );
        check(
            "congress-2",
            &["congress-1", "congress-3", "congress-19"],
            Some("did you mean `congress-1` or `congress-3`?"),
        );
        check(
            "wikidata/holdrs",
            &["wikidata/holders", "wikidata/births"],
            Some("did you mean `wikidata/holders`?"),
        );
        check("head", &["leader"], None);
        check("later", &["term"], None);
        check("x", &["y"], Some("did you mean `y`?"));
        check("stalin", &["stalin"], None);
        check("zzzzzz", &offices, None);
    }
}
