fn main() {
    println!("built with rustc directly");
}
