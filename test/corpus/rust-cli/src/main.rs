use anyhow::Result;
use clap::Parser;

#[derive(Parser)]
struct Args {
    pattern: String,
}

fn main() -> Result<()> {
    let args = Args::parse();
    println!("renaming {}", args.pattern);
    Ok(())
}
