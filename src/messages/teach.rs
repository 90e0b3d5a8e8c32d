//! Texts of teach (see the module list in `messages`).

use crate::messages::texts;

texts! {}
