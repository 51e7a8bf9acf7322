/** Every text of the survey email and page; `{name}` placeholders are filled by `format`. */
export interface Messages {
  lang: string;
  fromConnector: string;
  subject: string;
  greeting: string;
  greetingAnonymous: string;
  intro: string;
  ratingQuestion: string;
  starLabels: [string, string, string, string, string];
  clickToRate: string;
  unsubscribe: string;
  footer: string;
  pageTitle: string;
  excellenceQuestion: string;
  improvementQuestion: string;
  npsQuestion: string;
  npsLow: string;
  npsHigh: string;
  fcrQuestion: string;
  yes: string;
  no: string;
  rewardQuestion: string;
  noReward: string;
  comment: string;
  submit: string;
  saved: string;
  changeUntil: string;
  finished: string;
  expired: string;
  notFound: string;
  testNotice: string;
  unsubscribeTitle: string;
  unsubscribeConfirm: string;
  unsubscribeButton: string;
  unsubscribed: string;
  formExpired: string;
  badInput: string;
  /** "{n} star" and "{n} stars" (one, other). */
  starCount: [string, string];
  /** The one-click rating, confirmed at the top of the page ({first_name}, {stars}). */
  ratedConfirm: string;
  changeRating: string;
  /** Step progress on a phone ({n}, {total}). */
  progress: string;
  back: string;
  next: string;
  /** The one comment box's label. */
  commentQuestion: string;
  /** Asked once when the form is sent without a star rating. */
  nudge: string;
  closingTitle: string;
  /** The closing screen when the brand wrote none ({brand}, {first_name}). */
  closingDefault: string;
  /** What happens next after a low rating ({brand}). */
  lowRatingNext: string;
  changeAnswers: string;
  photoAlt: string;
  /** The ends of the 0-10 scale, under its row. */
  npsLowEnd: string;
  npsHighEnd: string;
}

export const en: Messages = {
  lang: 'en',
  fromConnector: 'at',
  subject: 'How did {first_name} do? A quick question from {brand}',
  greeting: 'Hi {customer},',
  greetingAnonymous: 'Hi,',
  intro: 'Thanks for contacting {brand}. I was happy to help you and would love to hear how I did.',
  ratingQuestion: 'How satisfied are you with the service you received from {first_name} today?',
  starLabels: ['1 star: very dissatisfied', '2 stars: dissatisfied', '3 stars: neutral', '4 stars: satisfied', '5 stars: very satisfied'],
  clickToRate: 'Click a star: one click is all it takes.',
  unsubscribe: 'Unsubscribe from survey emails',
  footer: 'You received this email because you recently contacted {brand}.',
  pageTitle: 'Your feedback for {brand}',
  excellenceQuestion: 'What did {first_name} do particularly well?',
  improvementQuestion: 'What could {first_name} have done better?',
  npsQuestion: 'How likely is it that you would recommend {brand} to a friend or colleague?',
  npsLow: '0 = not at all likely',
  npsHigh: '10 = extremely likely',
  fcrQuestion: 'Were we able to resolve your issue today?',
  yes: 'Yes',
  no: 'No',
  rewardQuestion: 'Would you like to thank {first_name} with a reward?',
  noReward: 'No reward',
  comment: 'Comment (optional)',
  submit: 'Send my answers',
  saved: 'Thank you! Your answers are saved.',
  changeUntil: 'You can come back to this page and change them for a while.',
  finished: 'This survey is finished. Thank you for your feedback!',
  expired: 'This survey link has expired.',
  notFound: 'We could not find this survey. Please check the link in your email.',
  testNotice: 'This is a test survey: answers are not stored.',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeConfirm: 'Stop receiving survey emails from {brand} at {email}?',
  unsubscribeButton: 'Unsubscribe',
  unsubscribed: 'Done: you will not receive survey emails from {brand} anymore.',
  formExpired: 'This form has expired. Please reload the page and try again.',
  badInput: 'Some answers could not be read. Please try again.',
  starCount: ['{n} star', '{n} stars'],
  ratedConfirm: 'You rated {first_name} {stars} — thank you!',
  changeRating: 'Change rating',
  progress: 'Question {n} of {total}',
  back: 'Back',
  next: 'Next',
  commentQuestion: 'Anything else you would like to tell us? (optional)',
  nudge: 'One more thing: how would you rate {first_name}? Choose a star, or send again to skip it.',
  closingTitle: 'Thank you!',
  closingDefault: 'Your feedback has been sent to {brand}. It helps {first_name} and the whole team.',
  lowRatingNext: 'We are sorry it was not better. {brand} may contact you to make it right.',
  changeAnswers: 'Change my answers',
  photoAlt: 'Photo of {first_name}',
  npsLowEnd: 'Not at all likely',
  npsHighEnd: 'Extremely likely',
};

/** Fills `{name}` placeholders; missing values stay empty. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
