/**
 * Public listing facts per network preset: the canonical token ids, token and pair indexes of
 * the common spot tokens, and the HLP vault address. A devnet started with `network =
 * "testnet"` names PURR `PURR:0xc4bf3f870c0e9465323c0b6ed28096c2` exactly as the testnet
 * does, so a spotSend written for the testnet works unchanged. The table is the devnet's own
 * (it must run without the recorded responses in ../shared); its values come from the
 * exchange's public spotMeta listings and the official SDK's examples.
 */

export interface PresetToken {
  name: string;
  index: number;
  szDecimals: number;
  weiDecimals: number;
  tokenId: string;
  fullName?: string;
}

export interface PresetPair {
  base: string;
  quote: string;
  /** The pair's index in spotMeta.universe (its asset id is 10000 + index). */
  index: number;
  px: number;
  /** Canonical pairs are named "BASE/QUOTE"; the others "@index". */
  canonical: boolean;
}

export interface NetworkPreset {
  tokens: PresetToken[];
  pairs: PresetPair[];
  /** The protocol vault every user can deposit into. */
  hlp: { address: string; leader: string; name: string };
}

const USDC_MAINNET = "0x6d1e7cde53ba9467b783cb7c530ce054";

export const PRESETS: Record<"mainnet" | "testnet", NetworkPreset> = {
  mainnet: {
    tokens: [
      { name: "USDC", index: 0, szDecimals: 8, weiDecimals: 8, tokenId: USDC_MAINNET },
      { name: "PURR", index: 1, szDecimals: 0, weiDecimals: 5, tokenId: "0xc1fb593aeffbeb02f85e0308e9956a90", fullName: "Purr" },
      { name: "HYPE", index: 150, szDecimals: 2, weiDecimals: 8, tokenId: "0x0d01dc56dcaaca66ad901c959b4011ec", fullName: "Hyperliquid" },
    ],
    pairs: [
      { base: "PURR", quote: "USDC", index: 0, px: 0.21, canonical: true },
      { base: "HYPE", quote: "USDC", index: 107, px: 32, canonical: false },
    ],
    hlp: { address: "0xdfc24b077bc1425ad1dea75bcb6f8158e10df303", leader: "0x677d831aef5328190852e24f13c46cac05f984e7", name: "Hyperliquidity Provider (HLP)" },
  },
  testnet: {
    tokens: [
      { name: "USDC", index: 0, szDecimals: 8, weiDecimals: 8, tokenId: "0xeb62eee3685fc4c43992febcd9e75443" },
      { name: "PURR", index: 1, szDecimals: 0, weiDecimals: 5, tokenId: "0xc4bf3f870c0e9465323c0b6ed28096c2" },
      { name: "HYPE", index: 1105, szDecimals: 2, weiDecimals: 8, tokenId: "0x7317beb7cceed72ef0b346074cc8e7ab" },
    ],
    pairs: [
      { base: "PURR", quote: "USDC", index: 0, px: 0.21, canonical: true },
      { base: "HYPE", quote: "USDC", index: 1035, px: 32, canonical: false },
    ],
    hlp: { address: "0xa15099a30bbf2e68942d6f4c43d70d04faeab0a0", leader: "0x000000000000000000000000000000000000b10c", name: "Hyperliquidity Provider (HLP)" },
  },
};

/** USD equity the HLP preset starts with (so deposits and withdrawals have something to move). */
export const HLP_SEED_EQUITY = "10000000";
