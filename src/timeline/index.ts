/** The timeline stage's door: tester events in, the phase of any moment out. */
export { parseEvents, loadEvents } from './events.js';
export { createTimeline } from './timeline.js';
export * from './types.js';
