// placeholder: the real sources are TypeScript
export {};
