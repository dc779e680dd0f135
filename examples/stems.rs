use std::io::BufRead;
fn main() {
    let mut a = glossa::index::analysis::text_analyzer();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        println!("{}", glossa::index::analysis::run(&mut a, &line).join(" "));
    }
}
