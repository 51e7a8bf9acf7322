/** The form field a server message names: "accent_color #ffcc00 has…" → accent_color, "copy.fr.intro: …" → copy.fr.intro. */
export function fieldOf(message: string): string | null {
  const match = /^(display_name|accent_color|sender_name|copy\.[a-z]{2}\.[a-z_]+|copy\.[a-z]{2}|logo)\b/.exec(message);
  return match ? match[1] : null;
}
