//! Word lists, generated pseudo-words and the Zipf-distributed body vocabulary.

use std::collections::HashSet;

use crate::rng::Rng;

/// Finance and DeFi words for titles (and, lower-cased, for body text), most central first:
/// titles draw the early ones more often, so many entries share a word.
#[rustfmt::skip]
pub const DOMAIN: &[&str] = &[
    "Liquidation", "Margin", "Oracle", "Collateral", "Funding", "Perpetual", "Vault", "Delta",
    "Basis", "Keeper", "Insurance", "Auction", "Spread", "Slippage", "Leverage", "Position",
    "Price", "Index", "Mark", "Premium", "Rate", "Interest", "Loan", "Debt", "Lending", "Pool",
    "Liquidity", "Swap", "Futures", "Option", "Hedge", "Arbitrage", "Volatility", "Gamma",
    "Stablecoin", "Peg", "Reserve", "Risk", "Threshold", "Ratio", "Factor", "Health", "Buffer",
    "Haircut", "Penalty", "Bonus", "Cascade", "Default", "Bankruptcy", "Solvency", "Shortfall",
    "Equity", "Account", "Exposure", "Notional", "Contract", "Settlement", "Clearing", "Order",
    "Book", "Depth", "Bid", "Ask", "Quote", "Tick", "Maker", "Taker", "Fee", "Rebate", "Yield",
    "Staking", "Validator", "Slashing", "Reward", "Emission", "Governance", "Treasury", "Token",
    "Mint", "Burn", "Redemption", "Bridge", "Rollup", "Sequencer", "Block", "Gas", "Mempool",
    "Frontrunning", "Sandwich", "Bundle", "Searcher", "Builder", "Relay", "Flash", "Atomic",
    "Protocol", "Upgrade", "Proxy", "Timelock", "Multisig", "Pause", "Circuit", "Breaker",
    "Limit", "Cap", "Ceiling", "Floor", "Curve", "Bonding", "Invariant", "Constant", "Product",
    "Concentrated", "Range", "Impermanent", "Loss", "Profit", "Drawdown", "Long", "Short",
    "Squeeze", "Whale", "Market", "Venue", "Exchange", "Broker", "Counterparty",
    "Clearinghouse", "Netting", "Novation", "Variation", "Initial", "Maintenance", "Isolated",
    "Cross", "Portfolio", "Subaccount", "Sweep", "Rebalance", "Allocation", "Weight", "Basket",
    "Benchmark", "TWAP", "VWAP", "Median", "Aggregator", "Feed", "Heartbeat", "Deviation",
    "Latency", "Staleness", "Manipulation", "Attack", "Exploit", "Audit", "Bounty", "Reference",
    "Spot", "Cash", "Carry", "Contango", "Backwardation", "Roll", "Calendar", "Tenor",
    "Structure", "Convexity", "Duration", "Coupon", "Bond", "Repo", "Rehypothecation",
    "Custodian", "Escrow", "Deposit", "Withdrawal", "Queue", "Epoch", "Snapshot", "Checkpoint",
    "Accrual", "Compounding", "Utilization", "Kink", "Model", "Parameter", "Stress", "Scenario",
    "Simulation", "Backtest", "Capital", "Efficiency", "Requirement", "Call", "Put",
    "Intrinsic", "Extrinsic", "Moneyness", "Skew", "Smile", "Surface", "Implied", "Historical",
    "Realized", "Unrealized", "Correlation", "Beta", "Alpha", "Sharpe", "Kelly", "Sizing",
    "Stop", "Trailing", "Trigger", "Conditional", "Reduce", "Fill", "Iceberg", "Hidden", "Dark",
    "Lit", "Batch", "Uniform", "Dutch", "Sealed", "Collateralization", "Overcollateralization",
    "Synthetic", "Wrapped", "Derivative", "Underlying", "Asset", "Liability", "Obligation",
    "Claim", "Tranche", "Senior", "Junior", "Waterfall", "Backstop", "Socialized", "Clawback",
    "Deleveraging", "Unwind", "Partial", "Grace", "Period", "Interval", "Window", "Cooldown",
    "Vesting", "Cliff", "Lockup", "Unlock", "Supply", "Circulating", "Dilution", "Inflation",
    "Buyback", "Dividend", "Revenue", "Bribe", "Gauge", "Vote", "Delegation", "Boost",
    "Multiplier", "Points", "Airdrop", "Sybil", "Permissionless", "Custodial", "Onchain",
    "Offchain", "Finality", "Reorg", "Fork", "Nonce", "Signature", "Key", "Abstraction",
    "Intent", "Solver", "Route", "Router", "Pair", "Hop", "Oracle", "Peg", "Depeg", "Recovery",
    "Resolution", "Dispute", "Challenge", "Fraud", "Proof", "Validity", "Sharding",
    "Throughput", "Congestion", "Priority", "Tip", "Base", "Burner", "Stability", "Module",
    "Surplus", "Deficit", "Debt", "Ceiling", "Savings", "Dollar", "Euro", "Yen", "Gold",
    "Commodity", "Equities", "Volume", "Turnover", "Open", "Close", "High", "Low", "Candle",
    "Momentum", "Trend", "Reversion", "Mean", "Signal", "Alpha", "Hedging", "Replication",
    "Payoff", "Barrier", "Knockout", "Digital", "Binary", "Exotic", "Vanilla", "Quanto",
    "Inverse", "Linear", "Coin", "Stable", "Credit", "Rating", "Spread", "Liquidator",
    "Borrower", "Lender", "Depositor", "Trader", "Arbitrageur", "Market Maker",
];

/// Common English words, roughly by frequency: the head of the body vocabulary.
#[rustfmt::skip]
pub const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "with", "on", "be",
    "by", "this", "are", "or", "at", "from", "which", "an", "can", "not", "when", "its", "has",
    "have", "but", "more", "than", "their", "they", "if", "one", "all", "will", "so", "other",
    "been", "into", "also", "some", "any", "only", "each", "these", "would", "there", "what",
    "such", "may", "most", "was", "no", "over", "because", "then", "two", "between", "new",
    "time", "before", "after", "while", "both", "much", "where", "who", "how", "must", "under",
    "through", "same", "does", "first", "less", "even", "very", "could", "those", "without",
    "about", "up", "out", "just", "well", "large", "small", "part", "case", "point", "value",
    "level", "change", "number", "set", "way", "make", "take", "use", "used", "given", "based",
    "per", "above", "below", "against", "across", "during", "whether", "rather", "often",
    "usually", "typically", "still", "however", "instead", "already", "enough", "several",
    "many", "few", "own", "every", "another", "within", "since", "until", "though", "although",
    "once", "here", "now", "again", "further", "higher", "lower", "larger", "smaller",
    "earlier", "later", "faster", "slower", "whole", "entire", "single", "simple", "common",
    "normal", "usual", "certain", "clear", "direct", "different", "similar", "closed", "fixed",
    "current", "final", "total", "full", "available", "possible", "necessary", "likely", "real",
    "actual", "known", "called", "means", "moves", "falls", "rises", "holds", "pays", "keeps",
    "sets", "runs", "sells", "buys", "covers", "drops", "reaches", "grows", "becomes",
    "remains", "depends", "requires", "allows", "protects", "reduces", "increases", "measures",
    "shows", "reflects", "tracks", "follows", "happens", "triggers", "users", "traders",
    "lenders", "borrowers", "holders", "markets", "prices", "assets", "positions", "orders",
    "funds", "losses", "gains", "rules", "days", "hours", "minutes", "people", "system",
    "design", "process", "state", "result", "amount", "share", "side", "end", "start", "moment",
    "step", "chain", "network", "account", "balance", "money", "cost", "costs", "income",
    "growth", "supply", "demand", "buyer", "seller", "party", "parties", "firm", "bank",
    "banks", "loan", "payment", "payments", "report", "data", "figure", "table", "example",
    "reason", "effect", "problem", "question", "answer", "idea", "view", "form", "kind", "type",
    "line", "group", "order", "rate", "rates", "term", "terms", "year", "years", "month",
    "week", "day", "hour", "second", "third", "half", "quarter", "most", "least", "little",
    "long", "short", "early", "late", "quick", "slow", "strong", "weak", "safe", "unsafe",
    "thin", "deep", "wide", "narrow", "open", "free", "hard", "easy", "true", "false", "good",
    "bad", "best", "worst", "better", "worse", "past", "future", "present", "local", "global",
    "public", "private", "internal", "external", "manual", "automatic", "explicit", "implicit",
    "gross", "net", "average", "typical", "extreme", "sudden", "gradual", "partial", "complete",
    "small", "check", "checks", "checked", "compute", "computed", "apply", "applied", "charge",
    "charged", "close", "closes", "closed", "open", "opens", "opened", "post", "posted",
    "borrow", "borrowed", "lend", "lent", "repay", "repaid", "hold", "held", "sell", "sold",
    "buy", "bought", "trade", "traded", "trades", "move", "moved", "fall", "fell", "rise",
    "rose", "pay", "paid", "keep", "kept", "lose", "lost", "gain", "gained", "cover", "covered",
    "protect", "protected", "reduce", "reduced", "increase", "increased", "measure", "measured",
    "show", "shown", "track", "tracked", "follow", "followed", "happen", "happened", "trigger",
    "triggered", "require", "required", "allow", "allowed", "depend", "depended", "become",
    "became", "remain", "remained", "reach", "reached", "grow", "grew", "drop", "dropped",
    "exceed", "exceeds", "exceeded", "equal", "equals", "match", "matches", "matched",
];

/// Extra domain vocabulary for bodies that never appears in titles.
#[rustfmt::skip]
pub const BODY_DOMAIN: &[&str] = &[
    "onchain", "offchain", "bps", "basis point", "apr", "apy", "usd", "eth", "btc", "usdc",
    "dai", "amm", "cex", "dex", "perp", "perps", "ltv", "pnl", "mev", "dao", "evm", "l2",
    "liquidations", "oracles", "vaults", "keepers", "auctions", "spreads", "swaps", "options",
    "pools", "tokens", "validators", "rewards", "fees", "bids", "asks", "quotes", "ticks",
    "contracts", "exchanges", "venues", "protocols", "bridges", "blocks", "bundles",
];

#[rustfmt::skip]
const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
    "br", "cr", "dr", "fl", "gr", "kl", "pr", "st", "tr", "th", "sh", "ch", "qu", "sk", "sp",
    "vr", "bl", "gl", "pl", "sl", "sn", "sw",
];
#[rustfmt::skip]
const VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "io", "ou", "y", "ei", "au",
];
#[rustfmt::skip]
const CODAS: &[&str] = &[
    "", "", "", "", "n", "r", "l", "s", "x", "th", "nd", "st", "m", "k", "rn", "lt", "sk",
];

/// Unique lower-case words in a given order, with the set of everything taken so far so
/// generated pseudo-words never collide with a real word or with each other.
pub struct Lexicon {
    taken: HashSet<String>,
}

impl Lexicon {
    pub fn new() -> Self {
        let mut taken = HashSet::new();
        for w in DOMAIN.iter().chain(ENGLISH).chain(BODY_DOMAIN) {
            for part in w.split(' ') {
                taken.insert(part.to_ascii_lowercase());
            }
        }
        Lexicon { taken }
    }

    /// A fresh pronounceable pseudo-word of 2–3 syllables, never returned before.
    pub fn pseudo_word(&mut self, rng: &mut Rng) -> String {
        loop {
            let syllables = if rng.percent(70) { 2 } else { 3 };
            let mut w = String::with_capacity(12);
            for _ in 0..syllables {
                w.push_str(rng.pick::<&str>(ONSETS));
                w.push_str(rng.pick::<&str>(VOWELS));
                w.push_str(rng.pick::<&str>(CODAS));
            }
            if w.len() >= 4 && self.taken.insert(w.clone()) {
                return w;
            }
        }
    }
}

/// `words` without repeats, first occurrence kept (the lists above overlap a little).
pub fn unique(words: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    words
        .into_iter()
        .filter(|w| seen.insert(w.to_ascii_lowercase()))
        .collect()
}

/// Title words: the domain list (single words only), then generated capitalized pseudo-words.
pub fn domain_title_words() -> Vec<String> {
    unique(
        DOMAIN
            .iter()
            .filter(|w| !w.contains(' '))
            .map(|w| w.to_string()),
    )
}

pub fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The body vocabulary with Zipf weights (`1/(rank + 2.7)`, in fixed-point integers so
/// sampling is exact on every machine): common English first, domain words mixed in after
/// the first fifty, then a long, thin tail of rare generated words (so rare-word queries exist).
pub struct Zipf {
    pub words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Zipf {
    pub fn new(lexicon: &mut Lexicon, rng: &mut Rng, rare_words: usize) -> Self {
        let english = unique(ENGLISH.iter().map(|w| w.to_string()));
        let domain = unique(
            DOMAIN
                .iter()
                .chain(BODY_DOMAIN)
                .map(|w| w.to_ascii_lowercase())
                .filter(|w| !english.contains(w)),
        );
        let mut words: Vec<String> = english[..50].to_vec();
        let (mut e, mut d) = (english[50..].iter(), domain.iter());
        loop {
            let a = e.next();
            let b = e.next();
            let c = d.next();
            if a.is_none() && c.is_none() {
                break;
            }
            words.extend(a.into_iter().chain(b).chain(c).cloned());
        }
        for _ in 0..rare_words {
            words.push(lexicon.pseudo_word(rng));
        }
        // The generated tail keeps the 1/rank shape but carries only about 8% of the mass
        // (scaled by 1/11), as rare words do in real text; its last words occur once or never.
        let head = words.len() - rare_words;
        let mut cumulative = Vec::with_capacity(words.len());
        let mut total = 0u64;
        for rank in 0..words.len() as u64 {
            let w = (10u64 << 40) / (10 * rank + 27);
            total += if (rank as usize) < head { w } else { w / 11 };
            cumulative.push(total);
        }
        Zipf { words, cumulative }
    }

    pub fn sample<'a>(&'a self, rng: &mut Rng) -> &'a str {
        let total = *self.cumulative.last().expect("vocabulary is not empty");
        let r = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
        let i = self.cumulative.partition_point(|&c| c <= r);
        &self.words[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    #[test]
    fn lists_are_big_enough() {
        assert!(
            domain_title_words().len() >= 300,
            "{}",
            domain_title_words().len()
        );
        assert!(unique(ENGLISH.iter().map(|w| w.to_string())).len() >= 300);
    }

    #[test]
    fn pseudo_words_are_new_and_lower_case() {
        let mut lex = Lexicon::new();
        let mut rng = Rng::new(1, Stream::Vocabulary, 0);
        let mut seen = HashSet::new();
        for _ in 0..5000 {
            let w = lex.pseudo_word(&mut rng);
            assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
            assert!(seen.insert(w));
        }
        assert!(!seen.contains("margin") && !seen.contains("the"));
    }

    #[test]
    fn zipf_head_is_frequent_and_tail_is_rare() {
        let mut lex = Lexicon::new();
        let mut rng = Rng::new(1, Stream::Vocabulary, 0);
        let z = Zipf::new(&mut lex, &mut rng, 20_000);
        let tail: HashSet<&str> = z.words[z.words.len() - 10_000..]
            .iter()
            .map(String::as_str)
            .collect();
        let (mut the, mut rare) = (0, 0);
        for _ in 0..100_000 {
            let w = z.sample(&mut rng);
            the += usize::from(w == "the");
            rare += usize::from(tail.contains(w));
        }
        assert!(the > 1_500, "{the}");
        assert!(rare > 100 && rare < 20_000, "{rare}");
    }
}
