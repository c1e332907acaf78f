/** English for the care-campaign pages. */
export const EN: Record<string, string> = {
};
