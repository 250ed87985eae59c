package html

// Draws is how many covers c has drawn.
func (c *Cache) Draws() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.draws
}
