//! Texts of templates (see the module list in `messages`).

use crate::messages::texts;

texts! {}
