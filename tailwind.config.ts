// Loaded by app/globals.css through `@config`. Design tokens live here; the dark variant is declared in
// globals.css because Tailwind 4 reads variants from CSS.
import type { Config } from "tailwindcss";

const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}", "./lib/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
      colors: {
        // Status colours used by every area (health, alerts, rollouts, incidents).
        ok: { DEFAULT: "#16a34a", soft: "#dcfce7" },
        warn: { DEFAULT: "#d97706", soft: "#fef3c7" },
        crit: { DEFAULT: "#dc2626", soft: "#fee2e2" },
      },
    },
  },
};

export default config;
