export * from './api-key-store.js';
export * from './clients.js';
export * from './config.js';
export * from './inbox.js';
export * from './keys.js';
export * from './outbox.js';
export * from './profile-store.js';
export * from './rejections.js';
