//! What the `carrel-bench` binary and the bench crate's tests share: the comparison of Carrel's
//! bibliographies with citeproc-js ([`csl_compare`]).

pub mod csl_compare;
