fn main() -> std::process::ExitCode {
    pystart::run()
}
