//! `gazette check`

use super::{DbArg, EXIT_FATAL, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
}

pub fn run(a: Args) -> anyhow::Result<i32> {
    let conn = crate::store::open_for_check(&a.db.db)?;
    let findings = crate::check::check(&conn)?;
    let mut failed = 0;
    for f in &findings {
        println!(
            "{} {:32} {}",
            if f.ok { "ok  " } else { "FAIL" },
            f.name,
            f.detail
        );
        failed += usize::from(!f.ok);
    }
    if failed > 0 {
        println!("{failed} check(s) failed");
        Ok(EXIT_FATAL)
    } else {
        println!("all checks passed");
        Ok(EXIT_OK)
    }
}
