// The look of an element and its parent that a focus indicator may change (outline,
// shadow, border, colours, underline), for comparing focused with unfocused.
// Returns: a string, the computed values joined with '|'.
el => {
  const look = e => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow,
            s.borderTopColor, s.borderBottomColor, s.borderBottomWidth, s.backgroundColor,
            s.color, s.textDecorationLine, s.textDecorationThickness].join('|'); };
  const parent = el.parentElement || (el.getRootNode().host || null);
  return look(el) + '||' + (parent ? look(parent) : '');
}
