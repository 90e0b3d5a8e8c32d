//! One module per subcommand. Commands get resolved settings and a printer; they return
//! errors instead of exiting.

pub mod batch;
pub mod config;
pub mod doctor;
pub mod explain;
pub mod grade;
pub mod info;
pub mod list;
pub mod new;
pub mod setup;
pub mod shell;
pub mod similar;
pub mod strip;
pub mod template;
pub mod update;
pub mod verify;
