//! What a pod on a node gets for a list of images, answered by the consumer the user names:
//! the entry points behind `match` and `explain`. They decide everything a host would
//! otherwise have to: which engine answers, that node files come after pull secrets, who
//! ends up answering, and which notes to show once.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Error};
use crate::input::config::DockerConfig;
use crate::input::reference;

use super::answer::{Answer, Answerer, Semantics};
use super::explain::{self, Explanation};
use super::kubelet::Keyring;
use super::node::Node;
use super::{containers, docker};

/// The pull secrets, node files and images of one question.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The pod's pull secrets, in `imagePullSecrets` order.
    pub secrets: &'a [&'a DockerConfig],
    /// The node's `config.json` files (on OpenShift, the global pull secret).
    pub node: &'a [&'a DockerConfig],
    pub images: &'a [String],
    /// Look images up verbatim instead of normalizing them (rule N1), as upstream tests do.
    pub raw: bool,
}

impl Request<'_> {
    /// Each image with the string the consumers look up; an invalid image fails the request.
    fn lookups(&self) -> Result<Vec<(&str, String)>, Error> {
        self.images
            .iter()
            .map(|image| {
                let lookup = if self.raw {
                    image.clone()
                } else {
                    reference::normalize(image)?
                };
                Ok((image.as_str(), lookup))
            })
            .collect()
    }
}

/// One image's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub image: String,
    pub answer: Answer,
    /// With node files under kubelet semantics: who answers on the node.
    pub answered_by: Option<Answerer>,
    /// CRI-O's pick from the node files, when the kubelet sends nothing.
    pub crio: Option<Answer>,
}

/// The answers, and every note of every answer once (pitfalls of the entries used, node
/// files skipped), for hosts that print them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matches {
    pub results: Vec<Matched>,
    pub notes: Vec<Diagnostic>,
}

/// `match`: the kubelet answers with every credential it would try, pull secrets then node
/// files (M1); containers/image and the docker CLI search the pull secrets and then the node
/// files as auth files, one pick each.
pub fn matches(semantics: Semantics, request: &Request<'_>) -> Result<Matches, Error> {
    let lookups = request.lookups()?;
    let mut notes: Vec<Diagnostic> = Vec::new();
    let mut results = Vec::with_capacity(lookups.len());
    match semantics {
        Semantics::Kubelet if request.node.is_empty() => {
            let keyring = Keyring::of_pull_secrets(request.secrets)?;
            for (image, lookup) in lookups {
                results.push(Matched {
                    image: image.to_owned(),
                    answer: keyring.lookup(&lookup),
                    answered_by: None,
                    crio: None,
                });
            }
        }
        Semantics::Kubelet => {
            let node = Node::new(request.secrets, request.node)?;
            notes.extend(node.notes().iter().cloned());
            for (image, lookup) in lookups {
                let answer = node.answer(&lookup)?;
                results.push(Matched {
                    image: image.to_owned(),
                    answer: answer.kubelet,
                    answered_by: Some(answer.answered_by),
                    crio: answer.crio,
                });
            }
        }
        Semantics::Containers | Semantics::Docker => {
            let files: Vec<&DockerConfig> = request
                .secrets
                .iter()
                .chain(request.node)
                .copied()
                .collect();
            let select = match semantics {
                Semantics::Docker => docker::select,
                _ => containers::select,
            };
            for (image, lookup) in lookups {
                results.push(Matched {
                    image: image.to_owned(),
                    answer: select(&files, &lookup)?,
                    answered_by: None,
                    crio: None,
                });
            }
        }
    }
    let answers = results
        .iter()
        .flat_map(|r| std::iter::once(&r.answer).chain(&r.crio));
    let notes = with_each_once(notes, answers.flat_map(|a| &a.notes));
    Ok(Matches { results, notes })
}

/// `notes`, then each of `more` that is not already there. Many answers repeat the same
/// notes, and a keyring can have one for each of its keys: the notes are filed by the key
/// they are about, so that a note is compared only with the few about the same key.
fn with_each_once<'a>(
    mut notes: Vec<Diagnostic>,
    more: impl Iterator<Item = &'a Diagnostic>,
) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<Option<&str>, Vec<&Diagnostic>> = BTreeMap::new();
    for note in &notes {
        seen.entry(note.key.as_deref()).or_default().push(note);
    }
    let mut new = Vec::new();
    for note in more {
        let filed = seen.entry(note.key.as_deref()).or_default();
        if !filed.contains(&note) {
            filed.push(note);
            new.push(note.clone());
        }
    }
    notes.append(&mut new);
    notes
}

/// One image, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub image: String,
    pub lookup: String,
    pub explanation: Explanation,
}

/// `explain`: every consumer (or only `only`) side by side for each image. A consumer that
/// fails the lookup says so in its answer instead of failing the request.
pub fn explanations(
    request: &Request<'_>,
    only: Option<Semantics>,
) -> Result<Vec<Explained>, Error> {
    let lookups = request.lookups()?;
    let node = explain::node(request.secrets, request.node);
    Ok(lookups
        .into_iter()
        .map(|(image, lookup)| {
            let mut explanation = explain::explain(request.secrets, &node, &lookup);
            explanation
                .consumers
                .retain(|a| only.is_none_or(|s| s == a.semantics));
            Explained {
                image: image.to_owned(),
                lookup,
                explanation,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    /// The given notes stay as they are; each further note is added once, in order, and
    /// notes about the same key that differ in anything else are not the same note.
    #[test]
    fn each_note_once_in_order() {
        let glob = |key: &str| {
            Diagnostic::new(Code::KeyGlob, "glob")
                .key(key)
                .at_source("f")
        };
        let other = Diagnostic::new(Code::InvalidJson, "glob")
            .key("a")
            .at_source("f");
        let given = vec![glob("a"), glob("a")];
        let more = [
            glob("b"),
            glob("a"),
            other.clone(),
            glob("b"),
            other.clone(),
        ];
        assert_eq!(
            with_each_once(given, more.iter()),
            [glob("a"), glob("a"), glob("b"), other]
        );
    }
}
