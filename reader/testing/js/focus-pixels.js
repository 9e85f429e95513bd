// Compares a keyboard stop's pixels focused and unfocused: `focused` is a PNG (base64) of
// its box, `unfocused` a PNG of the viewport, `box` where the first lies in the second.
// Decoded here (createImageBitmap needs no network, so no CSP stops it).
// Returns: a promise of how many pixels differ by more than `delta` (0-255) in a channel.
async ([focused, unfocused, box, delta]) => {
  const pixels = async (png, x, y, width, height) => {
    const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(image, -x, -y);
    return context.getImageData(0, 0, width, height).data;
  };
  const a = await pixels(focused, 0, 0, box.width, box.height);
  const b = await pixels(unfocused, box.x, box.y, box.width, box.height);
  let changed = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > delta || Math.abs(a[i + 1] - b[i + 1]) > delta ||
        Math.abs(a[i + 2] - b[i + 2]) > delta) changed += 1;
  }
  return changed;
}
