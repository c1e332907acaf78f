/** What other modules may use of 适老化改造 (nothing yet: the person page places the web panel). */
export {};
