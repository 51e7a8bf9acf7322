import { experienceSuite } from './helpers/survey-experience.ts';

// German (long words) at 360x740, 390x844 and 1280x900.
experienceSuite('de');
