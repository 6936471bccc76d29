//! The domain: plain types for what a board publishes, each with its checks.

pub mod budget;
pub mod call_in;
pub mod meeting;
pub mod member;
pub mod news;
pub mod paper;
pub mod period;
pub mod recommendation;
pub mod risk;
pub mod target;
pub mod values;
