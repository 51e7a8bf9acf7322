import { experienceSuite } from './helpers/survey-experience.ts';

// French at 360x740, 390x844 and 1280x900: translated options, French typography.
experienceSuite('fr');
