package io.dataexport.gateway.admin;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin page at {@code /admin}: static files (classpath {@code static/admin/}) that call the
 * /v2 API with the key the user signs in with. The page and its assets are public — they hold no
 * data; every call they make needs the key.
 */
@Configuration(proxyBeanMethods = false)
class AdminPageConfiguration implements WebMvcConfigurer {

  static final String PATH = "/admin";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController(PATH).setViewName("forward:" + PATH + "/index.html");
    registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
  }

  @Bean
  FilterRegistrationBean<AdminPageHeaders> adminPageHeaders() {
    FilterRegistrationBean<AdminPageHeaders> registration =
        new FilterRegistrationBean<>(new AdminPageHeaders());
    registration.addUrlPatterns(PATH, PATH + "/*");
    return registration;
  }
}
