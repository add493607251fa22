"""A person's own data (UK GDPR subject access and portability): everything Agora holds about them."""
