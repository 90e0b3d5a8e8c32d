//! Texts of verify (see the module list in `messages`).

use crate::messages::texts;

texts! {}
