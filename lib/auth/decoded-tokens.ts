// next-auth decrypts the session cookie (a JWE) on every request: a key derivation (HKDF) and an AES-GCM
// decryption, about 4 % of one instance's CPU under load (issue 16's profile). A cookie's content never
// changes, so its claims are kept for a while, keyed by the cookie's whole value: a cookie altered in one
// byte is another key and is decrypted, and rejected, as before. Whether the session behind the claims is
// still live is not decided here; the session cache does that, and hears of every revocation at once.
import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";

export const DECODED_TOKEN_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
/** next-auth's own leeway on a token's expiry (jwtDecrypt's clockTolerance). */
const CLOCK_TOLERANCE_MS = 15_000;

type Entry = { claims: JWT; until: number };

export class DecodedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly decodeToken: (params: JWTDecodeParams) => Promise<JWT | null> = decode,
    private readonly ttlMs = DECODED_TOKEN_TTL_MS,
    private readonly now = Date.now,
  ) {}

  /** next-auth's `decode`, remembered: pass as getToken's `decode`. Failures throw and are not kept. */
  readonly decode = async (params: JWTDecodeParams): Promise<JWT | null> => {
    const { token } = params;
    if (!token) return null;
    const entry = this.entries.get(token);
    if (entry && entry.until > this.now()) return entry.claims;
    if (entry) this.entries.delete(token);
    const claims = await this.decodeToken(params);
    if (claims) this.keep(token, claims);
    return claims;
  };

  get size(): number {
    return this.entries.size;
  }

  private keep(token: string, claims: JWT) {
    // Never past the moment next-auth would have refused the token as expired.
    const expires = typeof claims.exp === "number" ? claims.exp * 1000 + CLOCK_TOLERANCE_MS : Infinity;
    this.entries.set(token, { claims, until: Math.min(this.now() + this.ttlMs, expires) });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}

let instance: DecodedTokens | undefined;
export const decodedTokens = (): DecodedTokens => (instance ??= new DecodedTokens());
