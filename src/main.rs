//! The `pystart` executable: hands over to [`pystart::run`], which owns everything else (the
//! command line, the printer, exit codes). Nothing else belongs here.

fn main() -> std::process::ExitCode {
    pystart::run()
}
