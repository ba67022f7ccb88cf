import '@testing-library/jest-dom';

// jsdom cannot draw; the graph skips drawing without a context, and the
// component tests check the graph's labels and its table instead.
HTMLCanvasElement.prototype.getContext = () => null;
