// Whether the text size has moved away from `before`: for page.wait_for_function.
// `scale` is scale.js's function (bound in by Python); `before` is the size in percent.
// Returns: true once the size differs.
(scale, before) => scale() !== before
