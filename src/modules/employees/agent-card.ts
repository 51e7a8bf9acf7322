import { mediaUrl } from '../companies/brand-kit.ts';

/** How an agent is shown to customers, in emails and on survey pages. */
export interface AgentCard {
  firstName: string;
  title: string | null;
  /** An uploaded photo, else an http(s) image URL given through the API, else null. */
  photoUrl: string | null;
  bio: string | null;
}

export function agentCard(
  employee: { first_name: string | null; email: string; title: string | null; photo_key: string | null; image: string | null; profile_text: string | null },
  publicUrl: string,
): AgentCard {
  const image = employee.image && /^https?:\/\//i.test(employee.image) ? employee.image : null;
  return {
    firstName: employee.first_name?.trim() || employee.email.split('@')[0],
    title: employee.title?.trim() || null,
    photoUrl: employee.photo_key ? mediaUrl(publicUrl, employee.photo_key) : image,
    bio: employee.profile_text?.trim() || null,
  };
}
