//! Texts of generate (see the module list in `messages`).

use crate::messages::texts;

texts! {}
