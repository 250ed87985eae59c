package html

// Draws is how many covers c has drawn.
func (c *Cache) Draws() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.draws
}

// Made is how many article pages c has made and kept.
func (c *Cache) Made() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made
}
