fn main() {
    println!("resizer ready");
}
